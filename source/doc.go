// Package source reads manuscripts into Quire's document model (package
// book), and ships the first book, a 1987 pamphlet.
package source
