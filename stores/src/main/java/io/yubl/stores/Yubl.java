package io.yubl.stores;

import java.time.Instant;

public record Yubl(String yublId, String authorId, String text, Instant postedAt) {}
