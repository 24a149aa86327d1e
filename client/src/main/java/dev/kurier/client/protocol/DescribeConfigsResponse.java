package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeConfigs response (key 32), v4.
 *
 * @param throttleTimeMs how long the broker throttled the request
 * @param results        one result per requested resource
 */
public record DescribeConfigsResponse(int throttleTimeMs, List<Result> results) implements Response {

    /**
     * One resource's configuration.
     *
     * @param errorMessage nullable
     */
    public record Result(short errorCode, String errorMessage, byte resourceType, String resourceName,
            List<Config> configs) {
        /** Copies the config list. */
        public Result {
            configs = Fields.copyOrEmpty(configs);
        }
    }

    /**
     * One configuration entry.
     *
     * @param value         the value, nullable (null for sensitive entries)
     * @param configSource  where the value comes from (Kafka's ConfigSource id)
     * @param configType    the data type (Kafka's ConfigType id)
     * @param documentation nullable
     */
    public record Config(String name, String value, boolean readOnly, byte configSource, boolean isSensitive,
            List<Synonym> synonyms, byte configType, String documentation) {
        /** Copies the synonym list. */
        public Config {
            synonyms = Fields.copyOrEmpty(synonyms);
        }
    }

    /**
     * One synonym of an entry, in order of precedence.
     *
     * @param value nullable
     */
    public record Synonym(String name, String value, byte source) {
    }

    /** Copies the result list. */
    public DescribeConfigsResponse {
        results = Fields.copyOrEmpty(results);
    }

    /** Reads the body at {@code version}. */
    public static DescribeConfigsResponse read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.DESCRIBE_CONFIGS, version);
        int throttle = Fields.readInt32(in, "DescribeConfigsResponse.throttleTimeMs");
        List<Result> results = Fields.readCompactArray(in, "DescribeConfigsResponse.results", r -> {
            short errorCode = Fields.readInt16(r, "DescribeConfigsResponse.results.errorCode");
            String errorMessage = Primitives.readCompactNullableString(r);
            byte type = Fields.readInt8(r, "DescribeConfigsResponse.results.resourceType");
            String name = Fields.readCompactString(r, "DescribeConfigsResponse.results.resourceName");
            List<Config> configs = Fields.readCompactArray(r, "DescribeConfigsResponse.results.configs",
                    DescribeConfigsResponse::readConfig);
            Primitives.skipTaggedFields(r);
            return new Result(errorCode, errorMessage, type, name, configs);
        });
        Primitives.skipTaggedFields(in);
        return new DescribeConfigsResponse(throttle, results);
    }

    private static Config readConfig(ByteBuf in) {
        String name = Fields.readCompactString(in, "DescribeConfigsResponse.configs.name");
        String value = Primitives.readCompactNullableString(in);
        boolean readOnly = Fields.readBoolean(in, "DescribeConfigsResponse.configs.readOnly");
        byte source = Fields.readInt8(in, "DescribeConfigsResponse.configs.configSource");
        boolean sensitive = Fields.readBoolean(in, "DescribeConfigsResponse.configs.isSensitive");
        List<Synonym> synonyms = Fields.readCompactArray(in, "DescribeConfigsResponse.configs.synonyms", s -> {
            String synonymName = Fields.readCompactString(s, "DescribeConfigsResponse.synonyms.name");
            String synonymValue = Primitives.readCompactNullableString(s);
            byte synonymSource = Fields.readInt8(s, "DescribeConfigsResponse.synonyms.source");
            Primitives.skipTaggedFields(s);
            return new Synonym(synonymName, synonymValue, synonymSource);
        });
        byte type = Fields.readInt8(in, "DescribeConfigsResponse.configs.configType");
        String documentation = Primitives.readCompactNullableString(in);
        Primitives.skipTaggedFields(in);
        return new Config(name, value, readOnly, source, sensitive, synonyms, type, documentation);
    }

    /** Writes the body at {@code version} (used by tests that play the broker). */
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.DESCRIBE_CONFIGS, version);
        out.writeInt(throttleTimeMs);
        Fields.writeCompactArray(out, results, (o, r) -> {
            o.writeShort(r.errorCode());
            Primitives.writeCompactNullableString(o, r.errorMessage());
            o.writeByte(r.resourceType());
            Fields.writeCompactString(o, r.resourceName(), "DescribeConfigsResponse.results.resourceName");
            Fields.writeCompactArray(o, r.configs(), (p, c) -> {
                Fields.writeCompactString(p, c.name(), "DescribeConfigsResponse.configs.name");
                Primitives.writeCompactNullableString(p, c.value());
                p.writeBoolean(c.readOnly());
                p.writeByte(c.configSource());
                p.writeBoolean(c.isSensitive());
                Fields.writeCompactArray(p, c.synonyms(), (q, s) -> {
                    Fields.writeCompactString(q, s.name(), "DescribeConfigsResponse.synonyms.name");
                    Primitives.writeCompactNullableString(q, s.value());
                    q.writeByte(s.source());
                    Primitives.writeEmptyTaggedFields(q);
                });
                p.writeByte(c.configType());
                Primitives.writeCompactNullableString(p, c.documentation());
                Primitives.writeEmptyTaggedFields(p);
            });
            Primitives.writeEmptyTaggedFields(o);
        });
        Primitives.writeEmptyTaggedFields(out);
    }
}
