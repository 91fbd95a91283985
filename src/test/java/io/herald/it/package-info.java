/** Integration tests against a running Liberty (Arquillian), with tokens minted from the build's development key. */
package io.herald.it;
