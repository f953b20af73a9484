package com.capreport.model;

/** The state of one backend's discovery loop (DESIGN.md LoopStatus.state). */
public enum LoopState {
    STARTING, RUNNING, BACKING_OFF, ERROR, STOPPED
}
