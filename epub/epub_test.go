package epub_test

import (
	"os"
	"testing"
)

func TestEpubcheckFeatureBook(t *testing.T) {
	data := write(t, featureBook(t), nil)
	if dir := os.Getenv("QUIRE_EPUB_OUT"); dir != "" {
		os.WriteFile(dir+"/feature.epub", data, 0o644)
	}
	epubcheck(t, data)
}
