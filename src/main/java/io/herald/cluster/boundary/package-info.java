/** What the outside sees of the cluster link: its readiness check. */
package io.herald.cluster.boundary;
