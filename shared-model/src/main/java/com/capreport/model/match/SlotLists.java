package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * Immutable list views over the book's slot arrays, so a report of 100,000 pools hands out its
 * matches and suggestion pool ids without copying them one by one. They hold the book's arrays as
 * they were when the report was made (the book copies an array before its next write), and the
 * records that receive them keep them instead of copying ({@link ProfileReport}, {@link Suggestion}).
 */
final class SlotLists {
    private SlotLists() {
    }

    /** The pools at {@code slots}, in that order. */
    static final class OfPools extends AbstractList<PoolSpec> implements RandomAccess {
        private final PoolSpec[] pools;
        private final int[] slots;

        OfPools(PoolSpec[] pools, int[] slots) {
            this.pools = pools;
            this.slots = slots;
        }

        @Override
        public PoolSpec get(int index) {
            return pools[slots[Objects.checkIndex(index, slots.length)]];
        }

        @Override
        public int size() {
            return slots.length;
        }
    }

    /** The ids of the pools at {@code slots}, in that order. */
    static final class OfIds extends AbstractList<String> implements RandomAccess {
        private final PoolSpec[] pools;
        private final int[] slots;

        OfIds(PoolSpec[] pools, int[] slots) {
            this.pools = pools;
            this.slots = slots;
        }

        @Override
        public String get(int index) {
            return pools[slots[Objects.checkIndex(index, slots.length)]].id();
        }

        @Override
        public int size() {
            return slots.length;
        }
    }

    /**
     * A list worked out when first read (any method), then fixed: a report's suggestions cost a
     * walk over the estate, which a dashboard that shows a few reports should not pay for all.
     */
    static final class Lazy<E> extends AbstractList<E> implements RandomAccess {
        private Supplier<List<E>> source;
        private List<E> list;

        Lazy(Supplier<List<E>> source) {
            this.source = source;
        }

        private synchronized List<E> list() {
            if (list == null) {
                list = List.copyOf(source.get());
                source = null;
            }
            return list;
        }

        @Override
        public E get(int index) {
            return list().get(index);
        }

        @Override
        public int size() {
            return list().size();
        }
    }
}
