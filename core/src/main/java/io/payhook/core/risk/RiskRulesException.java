package io.payhook.core.risk;

/**
 * The risk rules file does not validate. The message names the member, e.g.
 * {@code risk rules: 'failed_velocity.window' must be an ISO-8601 duration from PT1S to P1D}; a composition root
 * prints it and stops.
 */
public final class RiskRulesException extends IllegalArgumentException {
    public RiskRulesException(String message) { super(message); }
}
