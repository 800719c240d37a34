package dev.javicorn.supervise;

import java.time.Duration;

/**
 * What the control loop is asked to keep: how many workers, in which mode, within which bounds.
 *
 * @param workers the number of serving workers wanted at start ({@code --workers})
 * @param spares how many warm spares to keep ({@code --spares}): for replacements, or under
 *        {@code --reload} for the builds to come
 * @param reload {@code --reload}: a start that fails waits for the next change instead of ending javicorn
 * @param grace how long a stopping worker may drain before it is killed
 * @param startupTimeout how long a starting worker may take to be ready
 * @param health the health checks and recycling of serving workers
 */
record Policy(int workers, int spares, boolean reload, Duration grace, Duration startupTimeout, Health health) {
    Policy {
        if (workers < 1 || spares < 0) {
            throw new IllegalArgumentException("workers < 1 or spares < 0: " + workers + ", " + spares);
        }
    }
}
