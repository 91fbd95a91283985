/** Development helpers for the demo page: tokens for demo users, only when {@code herald.dev.enabled=true}. */
package io.herald.dev;
