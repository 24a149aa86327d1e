package dev.kurier.client.protocol.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Codecs are shared singletons: many threads compress and decompress at once through the context pools. */
class ConcurrentUseTest {

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void roundTripsFromManyThreadsAtOnce(CompressionType type) throws Exception {
        CompressionCodec codec = CompressionCodecs.forType(type);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int task = 0; task < 24; task++) {
                byte[] data = CodecTestSupport.text(20_000 + task * 3_001, task);
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        ByteBuf src = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(data);
                        ByteBuf compressed = PooledByteBufAllocator.DEFAULT.directBuffer();
                        ByteBuf out = null;
                        try {
                            codec.compress(src, compressed);
                            out = codec.decompress(compressed, PooledByteBufAllocator.DEFAULT, data.length);
                            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(data);
                        } finally {
                            CodecTestSupport.release(src, compressed, out);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
