package com.example;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The app's one endpoint; edit the message and save to see javicorn --reload pick it up. */
@RestController
public class HelloController {
    static final String MESSAGE = "Hello from Spring Boot";

    @GetMapping("/")
    public String index() {
        return MESSAGE;
    }
}
