/** What every feature shares on the wire: the one configured Jackson mapper, RFC 9457 problem responses, and the names the OpenAPI annotations share. */
package io.herald.platform;
