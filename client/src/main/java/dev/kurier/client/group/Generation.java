package dev.kurier.client.group;

/**
 * One membership: the generation the coordinator announced, the member id it gave us and the protocol
 * (assignor) it chose. {@link #NONE} outside a group.
 */
record Generation(int generationId, String memberId, String protocolName) {

    /** No membership: generation -1, no member id. */
    static final Generation NONE = new Generation(-1, "", null);

    /** Whether this member has an id the coordinator knows (possibly without a generation yet). */
    boolean hasMemberId() {
        return !memberId.isEmpty();
    }

    /** Whether this is a full membership: a member id and a generation. */
    boolean isValid() {
        return generationId >= 0 && hasMemberId();
    }

    /** This membership with the generation forgotten but the member id kept (after ILLEGAL_GENERATION). */
    Generation withoutGeneration() {
        return new Generation(-1, memberId, null);
    }
}
