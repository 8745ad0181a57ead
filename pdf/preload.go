package pdf

import "github.com/quire-books/quire/pdf/internal/typeset"

// Preload reads what every Typeset in a program shares and the first one
// would otherwise read on its way: the built-in fonts' metrics and the
// US-English hyphenation patterns, about 2 ms of work once per process.
// Calling it is never needed. A program with other work to do before its
// first book, such as reading the manuscript, can call it on another
// goroutine so that the book does not wait for them. It is safe to call
// from several goroutines, and again.
func Preload() {
	for _, m := range builtinMetrics {
		m.read() // an error is Typeset's to report, with the book's fonts
	}
	typeset.NewEnglish()
}
