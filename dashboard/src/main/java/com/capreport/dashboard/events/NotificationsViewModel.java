package com.capreport.dashboard.events;

import com.capreport.model.AckTarget;
import com.capreport.model.EstateEvents;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The in-window notification stack: the cards on screen (coalesced and capped by
 * {@link NotificationBook}) and how many more are folded. FX thread.
 */
public final class NotificationsViewModel {
    private final NotificationBook book;
    private final ObservableList<NotificationBook.Card> cards = FXCollections.observableArrayList();
    private final ObservableList<NotificationBook.Card> cardsView = FXCollections.unmodifiableObservableList(cards);
    private final ReadOnlyIntegerWrapper folded = new ReadOnlyIntegerWrapper();
    private int maxVisible;

    public NotificationsViewModel(Clock clock) {
        this.book = new NotificationBook(clock);
    }

    public void offer(List<EstateEvents.Event> fresh, Set<AckTarget> acknowledged) {
        if (book.offer(fresh, acknowledged)) {
            publish();
        }
    }

    /** Sources acknowledged (here or by another admin): their cards go. */
    public void acknowledged(Set<AckTarget> acked) {
        if (book.acknowledged(acked)) {
            publish();
        }
    }

    /** The 1 s ticker: information and warning cards time out. */
    public void tick() {
        if (book.expire()) {
            publish();
        }
    }

    public void dismiss(NotificationBook.Card c) {
        if (book.dismiss(c.source())) {
            publish();
        }
    }

    public void dismissAll() {
        if (book.dismissAll()) {
            publish();
        }
    }

    private void publish() {
        List<NotificationBook.Card> v = book.visible();
        cards.setAll(v);
        folded.set(book.folded());
        maxVisible = Math.max(maxVisible, v.size());
    }

    public ObservableList<NotificationBook.Card> cards() {
        return cardsView;
    }

    public ReadOnlyIntegerProperty folded() {
        return folded.getReadOnlyProperty();
    }

    /** Figures: cards created, events offered, most cards on screen at once. */
    public long created() {
        return book.created();
    }

    public long offered() {
        return book.offered();
    }

    public int maxVisible() {
        return maxVisible;
    }
}
