package io.yubl.stores;

import java.time.Instant;

/** A user as the search index holds them. */
public record UserDocument(String userId, String username, String firstName, String lastName, Instant updatedAt) {}
