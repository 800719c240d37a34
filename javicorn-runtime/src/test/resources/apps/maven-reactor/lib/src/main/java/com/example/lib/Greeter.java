package com.example.lib;

public final class Greeter {
    public static String greet() {
        return "hello from lib";
    }
}
