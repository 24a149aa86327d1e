package dev.kurier.protocol.generator;

/**
 * One API the generator writes: its request and response schemas and the versions generated for both.
 *
 * @param request the request schema
 * @param response the response schema
 * @param versions the versions of the codecs: the stable flexible ones, or every stable one of an API that has no
 *     flexible version
 * @param flexible whether those versions use the flexible encoding
 * @param clientMax the highest version the client negotiates (below {@code versions.highest()} where the client's
 *     logic does not handle a newer version yet)
 */
record ApiSelection(MessageSpec request, MessageSpec response, Versions versions, boolean flexible, short clientMax) {

    String apiName() {
        return request.apiName();
    }

    String constant() {
        return Names.constant(apiName());
    }

    /** Selects the versions to generate for an API: the flexible ones, or all when it has none. */
    static ApiSelection of(MessageSpec request, MessageSpec response, Integer cap) {
        Versions stable = request.stableVersions();
        boolean flexible = !request.flexibleVersions().isEmpty();
        Versions versions = flexible ? stable.intersect(request.flexibleVersions()) : stable;
        if (!flexible && !response.flexibleVersions().isEmpty()) {
            throw new SchemaException(request.apiName() + ": request and response disagree on flexible versions");
        }
        if (versions.isEmpty()) {
            return null;
        }
        short max = cap == null ? versions.highest() : (short) Math.min(cap, versions.highest());
        if (max < versions.lowest()) {
            throw new SchemaException(request.apiName() + ": the cap " + cap + " is below the lowest version "
                    + versions.lowest());
        }
        return new ApiSelection(request, response, versions, flexible, max);
    }
}
