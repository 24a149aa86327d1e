package dev.kurier.client.network;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.Primitives;
import dev.kurier.client.protocol.Request;
import dev.kurier.client.protocol.Wire;
import dev.kurier.client.protocol.message.ApiVersionsRequest;
import dev.kurier.client.protocol.message.ApiVersionsResponse;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The first request on every connection: ApiVersions, whose response a broker that does not know the version
 * asked for writes in the v0 layout with UNSUPPORTED_VERSION and its own range (KIP-511). The generated codec
 * reads only the flexible versions, so the fallback layout is read here.
 */
final class ApiVersionsExchange implements Request<ApiVersionsResponse> {

    private final ApiVersionsRequest request;

    ApiVersionsExchange(String clientSoftwareName, String clientSoftwareVersion) {
        this.request = ApiVersionsRequest.builder().clientSoftwareName(clientSoftwareName)
                .clientSoftwareVersion(clientSoftwareVersion).build();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(ByteBuf out, short version) {
        request.write(out, version);
    }

    @Override
    public int size(short version) {
        return request.size(version);
    }

    @Override
    public ApiVersionsResponse readResponse(ByteBuf in, short version) {
        if (in.readableBytes() >= 2 && in.getShort(in.readerIndex()) == Errors.UNSUPPORTED_VERSION.code) {
            return readV0(in);
        }
        return ApiVersionsResponse.read(in, version);
    }

    /** The v0 layout: error code, then a classic array of (api key, min, max). */
    private static ApiVersionsResponse readV0(ByteBuf in) {
        short errorCode = Wire.readInt16(in, "ApiVersionsResponse.ErrorCode");
        int n = Wire.readArrayLength(in, "ApiVersionsResponse.ApiKeys", false);
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Primitives.checkReadable(in, 6, "ApiVersionsResponse.ApiKeys[]");
            keys.add(new ApiVersionsResponse.ApiVersion(in.readShort(), in.readShort(), in.readShort()));
        }
        in.skipBytes(in.readableBytes());
        return ApiVersionsResponse.builder().errorCode(errorCode).apiKeys(List.copyOf(keys)).build();
    }

    @Override
    public String toString() {
        return request.toString();
    }
}
