package dev.kurier.client.protocol;

import io.netty.buffer.ByteBuf;

/** ApiVersions request (key 18), v3-v4: the client names its software so brokers can report it. */
public record ApiVersionsRequest(String clientSoftwareName, String clientSoftwareVersion)
        implements Request<ApiVersionsResponse> {

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(ByteBuf out, short version) {
        Primitives.writeCompactString(out, clientSoftwareName);
        Primitives.writeCompactString(out, clientSoftwareVersion);
        Primitives.writeEmptyTaggedFields(out);
    }

    @Override
    public ApiVersionsResponse readResponse(ByteBuf in, short version) {
        return ApiVersionsResponse.read(in, version);
    }

    /** Reads a request body (used by tests). */
    public static ApiVersionsRequest read(ByteBuf in, short version) {
        String name = Primitives.readCompactString(in);
        String softwareVersion = Primitives.readCompactString(in);
        Primitives.skipTaggedFields(in);
        return new ApiVersionsRequest(name, softwareVersion);
    }
}
