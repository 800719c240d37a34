package dev.javicorn.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecondsTest {
    private final Seconds seconds = new Seconds();

    @Test
    void readsWholeAndFractionalSecondsToTheNanosecond() {
        assertThat(seconds.convert("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(seconds.convert(" 0.25 ")).isEqualTo(Duration.ofMillis(250));
        assertThat(seconds.convert(".5")).isEqualTo(Duration.ofMillis(500));
        assertThat(seconds.convert("3.")).isEqualTo(Duration.ofSeconds(3));
        assertThat(seconds.convert("1.000000001")).isEqualTo(Duration.ofSeconds(1, 1));
        assertThat(seconds.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(seconds.convert("-0")).isEqualTo(Duration.ZERO);
        assertThat(seconds.convert("9223372036")).isEqualTo(Duration.ofSeconds(9_223_372_036L));
    }

    @Test
    void rejectsWhatIsNotAPlainNumberOfSeconds() {
        for (String bad : new String[] {"", ".", "abc", "1.2.3", "1e3", "+5", "5s", "0.0000000001", "9223372037", "9999999999999999999", "1 000"}) {
            assertThatThrownBy(() -> seconds.convert(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("is not a number of seconds");
        }
    }

    @Test
    void saysANegativeNumberIsNegative() {
        assertThatThrownBy(() -> seconds.convert("-0.5")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'-0.5' is negative; expected seconds, e.g. 5 or 0.5");
    }
}
