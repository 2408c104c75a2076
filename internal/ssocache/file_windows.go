package ssocache

const nonBlock = 0
