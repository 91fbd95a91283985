/** Who the caller is: the user id taken from the verified JWT, never from a parameter. */
package io.herald.security;
