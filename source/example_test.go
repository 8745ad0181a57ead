package source_test

import (
	"fmt"
	"log"
	"testing/fstest"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/source"
)

func ExampleReadMarkdown() {
	manuscript := []byte(`---
title: A Short Book
author: Ann Author
translator: Tom Translator
date: November 1987
lang: en-GB
---
A "short" opening -- before the first heading...

# The first chapter

Text with a note.[^1]

![A map](map.svg)

[^1]: The note's text.
`)
	images := fstest.MapFS{"map.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`)}}
	b, err := source.ReadMarkdown(manuscript, &source.MarkdownOptions{Name: "book.md", FS: images})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.Meta.Title, "by", b.Meta.Authors(), b.Meta.Published.Human())
	for _, c := range b.Chapters {
		fmt.Printf("%s %q: %d blocks\n", c.ID, c.Title, len(c.Blocks))
	}
	fmt.Printf("%q\n", book.PlainText(b.Chapters[0].Blocks[0].(book.Paragraph)))
	// Output:
	// A Short Book by [Ann Author] November 1987
	// opening "": 1 blocks
	// the-first-chapter "The first chapter": 3 blocks
	// "A “short” opening\u00a0– before the first heading…"
}

func ExampleReadText() {
	text := []byte(`Notes on a revolution: a short example
Pamphlet - translated by Workers' Fight
November 1987

An opening paragraph - with a spaced hyphen.
A short heading
Who else then?
  • one item;
  • another.
`)
	b, err := source.ReadText(text, &source.TextOptions{Name: "notes.txt"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s / %s / %s\n", b.Meta.Title, b.Meta.Subtitle, b.Meta.ByRole(book.Translator)[0].Name)
	for _, c := range b.Chapters {
		fmt.Printf("%s %q: %d blocks\n", c.ID, c.Title, len(c.Blocks))
	}
	fmt.Printf("%q\n", book.PlainText(b.Chapters[0].Blocks[0].(book.Paragraph)))
	// Output:
	// Notes on a revolution / A short example / Workers’ Fight
	// opening "": 1 blocks
	// a-short-heading "A short heading": 2 blocks
	// "An opening paragraph\u00a0– with a spaced hyphen."
}

func ExamplePamphlet() {
	b, err := source.Pamphlet()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.Meta.Title)
	fmt.Println(b.Meta.Subtitle)
	fmt.Println(b.Meta.Authors(), b.Meta.Language, b.Meta.Published.Human())
	fmt.Println(len(b.Chapters), "chapters; the second is", b.Chapters[1].Title)
	// Output:
	// The 70th anniversary of the 1917 October Revolution
	// The relevance of the proletarian revolution today
	// [Lutte Ouvrière] en-GB November 1987
	// 19 chapters; the second is The days which shook the world
}
