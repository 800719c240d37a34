package com.example;

public record CarDto(String make, int seatCount) {}
