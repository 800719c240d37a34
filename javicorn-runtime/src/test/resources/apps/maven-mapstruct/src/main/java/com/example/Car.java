package com.example;

public record Car(String make, int numberOfSeats) {}
