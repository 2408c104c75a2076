// Package oneshot holds one-call programs, one per client setup, for
// run.sh to measure binary size and start-up time: each starts, builds its
// client, makes one CreateToken against the fake service at the URL given
// as its argument, and exits 0 when it got an access token. Their inputs
// are literals, so that each binary holds nothing but its client.
package oneshot
