package io.ddestream.observability;

import io.ddestream.streaming.StreamingApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One role's part in {@code /health}.
 *
 * @param role  the role's name, e.g. {@code scorer}
 * @param state what the role reports, e.g. Kafka Streams' {@code RUNNING}
 * @param up    whether the role is doing its work
 */
public record RoleHealth(String role, String state, boolean up) {

    /** The health of the roles, as {@link StreamingApp#states()} reports them. */
    public static List<RoleHealth> of(Map<StreamingApp.Role, StreamingApp.RoleState> states) {
        List<RoleHealth> roles = new ArrayList<>(states.size());
        states.forEach((role, state) -> roles.add(new RoleHealth(role.id(), state.name(), state.up())));
        return roles;
    }
}
