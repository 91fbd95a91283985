/** Herald: pushes live events from a Jakarta EE application to browsers over Server-Sent Events. */
package io.herald;
