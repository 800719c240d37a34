package org.springframework.boot.devtools.restart;

/** Stands in for Spring Boot DevTools on the test app's classpath: javicorn looks for this class. */
public class Restarter {
}
