package vivo.stream;

import vivo.render.Payload;

/** One stored chunk and the id its stream gave it. */
public record Entry(long id, Payload payload) {
}
