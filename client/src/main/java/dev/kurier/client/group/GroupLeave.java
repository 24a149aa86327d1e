package dev.kurier.client.group;

import dev.kurier.client.cluster.CoordinatorLocator;
import dev.kurier.client.protocol.VersionedRequest;

import dev.kurier.client.protocol.ApiKey;
import dev.kurier.client.protocol.Errors;
import dev.kurier.client.protocol.message.LeaveGroupRequest;
import dev.kurier.client.protocol.message.LeaveGroupResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends LeaveGroup for a dynamic member so the group rebalances at once instead of after
 * {@code session.timeout.ms}. Static members never leave this way: their partitions wait for them to come back.
 */
final class GroupLeave {

    private static final Logger log = LoggerFactory.getLogger(GroupLeave.class);

    private GroupLeave() {
    }

    /**
     * Leaves as {@code generation}'s member, giving {@code reason} (LeaveGroup v5+). Completes normally whatever
     * the outcome (it is logged): a failed leave only means the group waits for the session timeout.
     */
    static CompletableFuture<Void> send(GroupContext ctx, Generation generation, String reason) {
        GroupConfig config = ctx.config();
        if (config.isStatic() || !generation.hasMemberId()) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("group {}: member {} leaving the group: {}", config.groupId(), generation.memberId(), reason);
        VersionedRequest<LeaveGroupResponse> request = new VersionedRequest<>(ApiKey.LEAVE_GROUP,
                v -> LeaveGroupRequest.builder().groupId(config.groupId()).members(List.of(
                        LeaveGroupRequest.MemberIdentity.builder().memberId(generation.memberId())
                                .reason(v >= 5 ? reason : null).build())).build());
        return ctx.locator().send(request, config.requestTimeout()).handle((response, err) -> {
            if (err != null) {
                log.debug("group {}: LeaveGroup failed: {}", config.groupId(), CoordinatorLocator.messageOf(err));
                return null;
            }
            Errors top = Errors.forCode(response.errorCode());
            Errors member = response.members().isEmpty() ? Errors.NONE
                    : Errors.forCode(response.members().get(0).errorCode());
            if (top != Errors.NONE || member != Errors.NONE) {
                log.debug("group {}: LeaveGroup answered {} / {}", config.groupId(), top, member);
            }
            return null;
        });
    }
}
