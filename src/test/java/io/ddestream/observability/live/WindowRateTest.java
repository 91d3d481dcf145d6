package io.ddestream.observability.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowRateTest {

    @Test
    void shouldAverageOverTheLastWholeSecondsByEventTime() {
        WindowRate rate = new WindowRate(10);
        long now = 1_000_000_500L;
        // Given 50 events in each of the last 10 whole seconds, and 999 in the second in progress
        for (int s = 1; s <= 10; s++) {
            for (int i = 0; i < 50; i++) {
                rate.mark(now - s * 1000L, now);
            }
        }
        for (int i = 0; i < 999; i++) {
            rate.mark(now, now);
        }
        // Then the rate is 50/s: the second in progress does not count yet
        assertThat(rate.perSecond(now)).isCloseTo(50, within(1e-9));
        // And a second later it does, and the oldest second has left the window
        assertThat(rate.perSecond(now + 1000)).isCloseTo((9 * 50 + 999) / 10.0, within(1e-9));
    }

    @Test
    void shouldIgnoreABacklogOlderThanTheWindowAndCountTheFutureAsNow() {
        WindowRate rate = new WindowRate(5);
        long now = 2_000_000_000L;
        // Given a backlog from a minute ago, read all at once
        for (int i = 0; i < 10_000; i++) {
            rate.mark(now - 60_000, now);
        }
        // And 7 events stamped a minute ahead by another clock
        for (int i = 0; i < 7; i++) {
            rate.mark(now + 60_000, now);
        }
        assertThat(rate.perSecond(now)).isZero();
        assertThat(rate.perSecond(now + 1000)).isCloseTo(7 / 5.0, within(1e-9));
    }
}
