package io.yubl.contracts;

/** notify -> push: one of a user's notifications changed; push reads it as it now stands and sends it on. */
public record NotificationChanged(String userId, String notificationId) {}
