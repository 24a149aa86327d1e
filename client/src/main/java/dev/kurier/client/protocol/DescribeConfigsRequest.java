package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeConfigs request (key 32), v4: the configuration of topics, brokers and other resources.
 *
 * @param resources            what to describe
 * @param includeSynonyms      whether to return each entry's synonyms
 * @param includeDocumentation whether to return each entry's documentation
 */
public record DescribeConfigsRequest(List<Resource> resources, boolean includeSynonyms, boolean includeDocumentation)
        implements Request<DescribeConfigsResponse> {

    /** Resource type of a topic. */
    public static final byte RESOURCE_TYPE_TOPIC = 2;
    /** Resource type of a broker. */
    public static final byte RESOURCE_TYPE_BROKER = 4;
    /** Resource type of a broker's logger configuration. */
    public static final byte RESOURCE_TYPE_BROKER_LOGGER = 8;

    /**
     * One resource.
     *
     * @param resourceType      e.g. {@link #RESOURCE_TYPE_TOPIC}
     * @param resourceName      the topic name or broker id
     * @param configurationKeys the keys to return, or null for all of them
     */
    public record Resource(byte resourceType, String resourceName, List<String> configurationKeys) {
        /** Copies the key list. */
        public Resource {
            configurationKeys = Fields.copyNullable(configurationKeys);
        }
    }

    /** Copies the resource list. */
    public DescribeConfigsRequest {
        resources = Fields.copyOrEmpty(resources);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public void write(ByteBuf out, short version) {
        VersionRules.check(ApiKey.DESCRIBE_CONFIGS, version);
        Fields.writeCompactArray(out, resources, (o, r) -> {
            o.writeByte(r.resourceType());
            Fields.writeCompactString(o, r.resourceName(), "DescribeConfigsRequest.resources.resourceName");
            Fields.writeCompactStringArray(o, r.configurationKeys(),
                    "DescribeConfigsRequest.resources.configurationKeys");
            Primitives.writeEmptyTaggedFields(o);
        });
        out.writeBoolean(includeSynonyms);
        out.writeBoolean(includeDocumentation);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public DescribeConfigsResponse readResponse(ByteBuf in, short version) {
        return DescribeConfigsResponse.read(in, version);
    }

    /** Reads a request body (used by tests that play the broker). */
    public static DescribeConfigsRequest read(ByteBuf in, short version) {
        VersionRules.check(ApiKey.DESCRIBE_CONFIGS, version);
        List<Resource> resources = Fields.readCompactArray(in, "DescribeConfigsRequest.resources", r -> {
            byte type = Fields.readInt8(r, "DescribeConfigsRequest.resources.resourceType");
            String name = Fields.readCompactString(r, "DescribeConfigsRequest.resources.resourceName");
            List<String> keys = Fields.readCompactNullableStringArray(r,
                    "DescribeConfigsRequest.resources.configurationKeys");
            Primitives.skipTaggedFields(r);
            return new Resource(type, name, keys);
        });
        boolean synonyms = Fields.readBoolean(in, "DescribeConfigsRequest.includeSynonyms");
        boolean documentation = Fields.readBoolean(in, "DescribeConfigsRequest.includeDocumentation");
        Primitives.skipTaggedFields(in);
        return new DescribeConfigsRequest(resources, synonyms, documentation);
    }
}
