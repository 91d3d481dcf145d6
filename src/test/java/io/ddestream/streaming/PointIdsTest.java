package io.ddestream.streaming;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PointIdsTest {

    @Test
    void shouldNameAPointWithoutAnIdByItsPosition() {
        assertThat(PointIds.position("dde.points", 3, 1042)).isEqualTo("dde.points-3-1042");
    }

    @Test
    void shouldSayUnknownWhenStreamsHasNoPosition() {
        assertThat(PointIds.position(Optional.empty())).isEqualTo(PointIds.UNKNOWN_POSITION);
    }
}
