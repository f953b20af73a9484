package com.capreport.dashboard.events;

import com.capreport.dashboard.common.Formats;
import com.capreport.model.Ack;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** One open problem as the Events view lists it, with the acknowledgement readers honour now. */
public record ProblemRow(Problem problem, Optional<Ack> ack) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    public boolean acknowledged() {
        return ack.isPresent();
    }

    /** "acknowledged by alice until 14:00 (in 52 min): firmware upgrade", or "open". */
    public String ackText(Instant now) {
        return ack.map(a -> "acknowledged by " + a.by() + " " + a.expiry().map(x -> "until " + TIME.format(x) + " ("
                + Formats.liveAge(x, now) + ")").orElse("until resolved") + ": " + a.reason()).orElse("open");
    }
}
