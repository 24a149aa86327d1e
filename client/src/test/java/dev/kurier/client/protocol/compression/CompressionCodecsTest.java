package dev.kurier.client.protocol.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lookup, levels, and what happens when an optional library is missing or broken. */
class CompressionCodecsTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecIsAvailableHereAndLooksUpToItsType(CompressionType type) {
        assertThat(CompressionCodecs.isAvailable(type)).isTrue();
        CompressionCodec codec = CompressionCodecs.forType(type);
        assertThat(codec.type()).isEqualTo(type);
        assertThat(CompressionCodecs.forType(type)).isSameAs(codec);
    }

    @Test
    void levelsSelectCachedCodecsAndTheDefaultLevelIsTheDefaultCodec() {
        assertThat(CompressionCodecs.forType(CompressionType.ZSTD, 3)).isSameAs(CompressionCodecs.forType(CompressionType.ZSTD));
        assertThat(CompressionCodecs.forType(CompressionType.LZ4, 9)).isSameAs(CompressionCodecs.forType(CompressionType.LZ4));
        assertThat(CompressionCodecs.forType(CompressionType.GZIP, -1)).isSameAs(CompressionCodecs.forType(CompressionType.GZIP));
        CompressionCodec zstd19 = CompressionCodecs.forType(CompressionType.ZSTD, 19);
        assertThat(zstd19).hasToString("zstd(level=19)").isSameAs(CompressionCodecs.forType(CompressionType.ZSTD, 19));
        assertThat(CompressionCodecs.forType(CompressionType.GZIP, 9)).hasToString("gzip(level=9)");
        assertThat(CompressionCodecs.forType(CompressionType.LZ4, 1)).hasToString("lz4(level=1)");
    }

    @Test
    void levelsOutOfRangeOrForCodecsWithoutLevelsAreRejected() {
        assertThatThrownBy(() -> CompressionCodecs.forType(CompressionType.GZIP, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compression.gzip.level 0 is out of range; allowed: 1..9 or -1");
        assertThatThrownBy(() -> CompressionCodecs.forType(CompressionType.LZ4, 18))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed: 1..17");
        assertThatThrownBy(() -> CompressionCodecs.forType(CompressionType.ZSTD, 23))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed: -131072..22");
        assertThatThrownBy(() -> CompressionCodecs.forType(CompressionType.SNAPPY, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("compression.type=snappy has no compression levels");
        assertThatThrownBy(() -> CompressionCodecs.forType(CompressionType.NONE, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingLibraryNamesTheDependencyAndNeverLoadsTheCodec() {
        AtomicBoolean factoryCalled = new AtomicBoolean();
        OptionalCodec zstd = OptionalCodec.probe(CompressionType.ZSTD, "com.example.NoSuchZstd", "com.github.luben:zstd-jni",
                getClass().getClassLoader(), level -> {
                    factoryCalled.set(true);
                    return CompressionCodecs.forType(CompressionType.NONE);
                }, 3);
        assertThat(zstd.available()).isFalse();
        assertThatThrownBy(zstd::get)
                .isInstanceOfSatisfying(CompressionUnavailableException.class,
                        e -> assertThat(e.type()).isEqualTo(CompressionType.ZSTD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("compression.type=zstd needs com.github.luben:zstd-jni on the classpath");
        assertThatThrownBy(() -> zstd.create(10)).isInstanceOf(CompressionUnavailableException.class);
        assertThat(factoryCalled).isFalse();
    }

    @Test
    void aLibraryThatFailsToInitialiseIsUnavailableWithTheCause() {
        UnsatisfiedLinkError linkError = new UnsatisfiedLinkError("no snappyjava in java.library.path");
        OptionalCodec snappy = OptionalCodec.probe(CompressionType.SNAPPY, "org.xerial.snappy.Snappy",
                "org.xerial.snappy:snappy-java", getClass().getClassLoader(), level -> {
                    throw linkError;
                }, 0);
        assertThat(snappy.available()).isFalse();
        assertThatThrownBy(snappy::get).isInstanceOf(CompressionUnavailableException.class)
                .hasMessageStartingWith("compression.type=snappy: org.xerial.snappy:snappy-java is on the classpath "
                        + "but could not be initialised")
                .hasCause(linkError);
    }

    @Test
    void aCodecThatFailsItsSelfTestIsUnavailable() {
        OptionalCodec broken = OptionalCodec.probe(CompressionType.LZ4, "net.jpountz.lz4.LZ4Factory", "org.lz4:lz4-java",
                getClass().getClassLoader(), level -> new CompressionCodec() {
                    @Override
                    public CompressionType type() {
                        return CompressionType.LZ4;
                    }

                    @Override
                    public void compress(ByteBuf src, ByteBuf dst) {
                        dst.writeBytes(src);
                    }

                    @Override
                    public ByteBuf decompress(ByteBuf src, io.netty.buffer.ByteBufAllocator alloc) {
                        src.skipBytes(src.readableBytes());
                        return alloc.buffer().writeByte(1);
                    }
                }, 9);
        assertThat(broken.available()).isFalse();
        assertThatThrownBy(broken::get).hasMessageContaining("round trip returned different bytes");
    }

    /**
     * The real thing: CompressionCodecs loaded by a class loader that cannot see snappy-java, lz4-java or
     * zstd-jni. The three codecs report the missing dependency; none and gzip work.
     */
    @Test
    void withoutTheOptionalLibrariesOnlyThoseCodecsAreUnavailable() throws Exception {
        HidingClassLoader hiding = new HidingClassLoader(getClass().getClassLoader(),
                List.of("org.xerial.snappy.", "net.jpountz.", "com.github.luben.zstd."));
        Class<?> codecs = hiding.loadClass(CompressionCodecs.class.getName());
        assertThat(codecs.getClassLoader()).isSameAs(hiding);
        Class<?> typeClass = hiding.loadClass(CompressionType.class.getName());
        Method isAvailable = codecs.getMethod("isAvailable", typeClass);
        Method forType = codecs.getMethod("forType", typeClass);

        assertThat(isAvailable.invoke(null, type(typeClass, "NONE"))).isEqualTo(true);
        assertThat(isAvailable.invoke(null, type(typeClass, "GZIP"))).isEqualTo(true);
        for (String[] expected : new String[][] {
            {"SNAPPY", "compression.type=snappy needs org.xerial.snappy:snappy-java on the classpath"},
            {"LZ4", "compression.type=lz4 needs org.lz4:lz4-java (or its maintained fork at.yawk.lz4:lz4-java) on the classpath"},
            {"ZSTD", "compression.type=zstd needs com.github.luben:zstd-jni on the classpath"}}) {
            Object type = type(typeClass, expected[0]);
            assertThat(isAvailable.invoke(null, type)).isEqualTo(false);
            assertThatThrownBy(() -> invoke(forType, type))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(expected[1]);
        }
        for (String codecClass : List.of("SnappyCompressionCodec", "Lz4CompressionCodec", "ZstdCompressionCodec")) {
            assertThat(hiding.hasLoaded(CompressionCodecs.class.getPackageName() + "." + codecClass))
                    .as(codecClass + " never loaded").isFalse();
        }

        // gzip from the hiding loader produces what our normal gzip codec reads.
        Object gzip = forType.invoke(null, type(typeClass, "GZIP"));
        Method compress = hiding.loadClass(CompressionCodec.class.getName()).getMethod("compress", ByteBuf.class, ByteBuf.class);
        byte[] data = CodecTestSupport.text(10_000, 1);
        ByteBuf src = Unpooled.buffer().writeBytes(data);
        ByteBuf dst = Unpooled.buffer();
        try {
            compress.invoke(gzip, src, dst);
            assertThat(CodecTestSupport.ourDecompress(CompressionType.GZIP, ByteBufUtil.getBytes(dst))).isEqualTo(data);
        } finally {
            CodecTestSupport.release(src, dst);
        }
    }

    private static Object type(Class<?> typeClass, String name) {
        for (Object constant : typeClass.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Object invoke(Method method, Object arg) throws Throwable {
        try {
            return method.invoke(null, arg);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Loads Kurier's protocol classes itself (child first, from the same class files) and refuses the
     * hidden packages; everything else (JDK, Netty) comes from the parent.
     */
    private static final class HidingClassLoader extends ClassLoader {
        private final List<String> hidden;

        HidingClassLoader(ClassLoader parent, List<String> hidden) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : hidden) {
                if (name.startsWith(prefix)) {
                    throw new ClassNotFoundException(name + " is hidden by the test");
                }
            }
            if (!name.startsWith("dev.kurier.client.protocol.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = define(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
