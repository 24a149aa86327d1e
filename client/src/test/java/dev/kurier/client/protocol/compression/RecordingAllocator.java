package dev.kurier.client.protocol.compression;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * An allocator that remembers the largest initial capacity asked of it, to prove that size fields read
 * from compressed input do not drive allocations. Buffers come from an exactly-counting unpooled allocator
 * ({@link #delegate}), so leaks show in its metrics too.
 */
final class RecordingAllocator extends AbstractByteBufAllocator {

    final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(false, false, false);
    private int largestRequest;

    RecordingAllocator(boolean preferDirect) {
        super(preferDirect);
    }

    /** The largest initial capacity requested so far. */
    int largestRequest() {
        return largestRequest;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        largestRequest = Math.max(largestRequest, initialCapacity);
        return delegate.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        largestRequest = Math.max(largestRequest, initialCapacity);
        return delegate.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
