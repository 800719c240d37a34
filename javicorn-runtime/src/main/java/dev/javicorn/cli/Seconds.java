package dev.javicorn.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Seconds as uvicorn takes them: {@code 5}, {@code 0.25}, {@code .5}; to the nanosecond. Read by
 * hand: {@code BigDecimal}'s class initialization alone takes a cold supervisor about 40 ms.
 */
final class Seconds implements ITypeConverter<Duration> {
    /** More whole digits than a long holds; the nanoseconds' long is the real bound. */
    private static final int MAX_WHOLE_DIGITS = 18;
    private static final int NANO_DIGITS = 9;

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        boolean negative = text.startsWith("-");
        String number = negative ? text.substring(1) : text;
        int dot = number.indexOf('.');
        String whole = dot < 0 ? number : number.substring(0, dot);
        String fraction = dot < 0 ? "" : number.substring(dot + 1);
        if (whole.length() + fraction.length() == 0 || whole.length() > MAX_WHOLE_DIGITS || fraction.length() > NANO_DIGITS
                || !digits(whole) || !digits(fraction)) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds, e.g. 5 or 0.5");
        }
        long seconds = whole.isEmpty() ? 0 : Long.parseLong(whole);
        long nanos = Long.parseLong(fraction + "0".repeat(NANO_DIGITS - fraction.length()));
        if (negative && seconds + nanos > 0) {
            throw new TypeConversionException("'" + value + "' is negative; expected seconds, e.g. 5 or 0.5");
        }
        try {
            // What the supervisor does with a timeout counts its nanoseconds in a long: about 292 years.
            return Duration.ofNanos(Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos));
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds, e.g. 5 or 0.5");
        }
    }

    private static boolean digits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
