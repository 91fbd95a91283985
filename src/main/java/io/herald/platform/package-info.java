/** What every feature shares on the wire: the one configured Jackson mapper and RFC 9457 problem responses. */
package io.herald.platform;
