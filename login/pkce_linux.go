package login

import (
	"os"
	"strconv"
	"syscall"
)

// reopen opens f's pipe or terminal again, non-blocking, so that the
// runtime polls it and a read deadline works. Opening /proc/self/fd/N makes
// a new open file description: unlike a dup, its O_NONBLOCK is not shared
// with the terminal's other users, such as the shell. O_NONBLOCK also keeps
// the open of a FIFO without a writer from blocking; O_NOCTTY keeps a
// session leader from taking the terminal as its controlling one.
func reopen(f *os.File) (*os.File, error) {
	return os.OpenFile("/proc/self/fd/"+strconv.Itoa(int(f.Fd())), os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
