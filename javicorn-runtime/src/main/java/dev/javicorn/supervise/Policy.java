package dev.javicorn.supervise;

import java.time.Duration;

/**
 * What the control loop is asked to keep: how many workers, in which mode, within which bounds.
 *
 * @param workers the number of serving workers wanted at start ({@code --workers})
 * @param reload {@code --reload}: a start that fails waits for the next change instead of ending javicorn
 * @param grace how long a stopping worker may drain before it is killed
 * @param startupTimeout how long a starting worker may take to be ready
 * @param health the health checks and recycling of serving workers
 */
record Policy(int workers, boolean reload, Duration grace, Duration startupTimeout, Health health) {
    Policy {
        if (workers < 1) {
            throw new IllegalArgumentException("workers < 1: " + workers);
        }
    }
}
