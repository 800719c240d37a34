package dev.javicorn.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Duration;

/** Seconds as uvicorn takes them: {@code 5}, {@code 0.25}. */
final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            if (seconds.signum() < 0) {
                throw new TypeConversionException("'" + value + "' is negative; expected seconds, e.g. 5 or 0.5");
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds, e.g. 5 or 0.5");
        }
    }
}
