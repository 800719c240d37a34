package com.example;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {
    @Value("${app.version}")
    private String version;

    @GetMapping("/")
    public Greeting hello() {
        return Greeting.builder().message("hello").version(version).build();
    }
}
