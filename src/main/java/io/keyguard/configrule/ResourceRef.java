package io.keyguard.configrule;

/** A resource as its service lists it: its AWS Config resource id and the name to describe it by. */
public record ResourceRef(String id, String name) {
}
