package io.yubl.acceptance;

import java.util.Map;

/** How the When steps reach the system: one call, a method, a path with its query, headers and a body. */
interface Driver {
    Response call(String method, String pathAndQuery, Map<String, String> headers, String body);
}
