package source

import (
	"math/rand"
	"strings"
	"testing"
)

// The arena must give what plain string building gives, through nested
// lists, chunks filling up and text moving, and a string it gave must never
// change afterwards.
func TestTextArena(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, size := range []int{1, 7, 64, 4096} {
		a := &textArena{size: size}
		type list struct {
			model strings.Builder
			outer outerText
		}
		stack := []*list{{}}
		type given struct{ s, want string }
		var all []given
		for step := 0; step < 20000; step++ {
			top := stack[len(stack)-1]
			switch op := rng.Intn(10); {
			case op < 5:
				s := strings.Repeat(string(rune('a'+rng.Intn(26))), rng.Intn(12))
				if rng.Intn(2) == 0 {
					addText(a, s)
				} else {
					addText(a, []byte(s))
				}
				top.model.WriteString(s)
			case op < 7:
				all = append(all, given{a.take(), top.model.String()})
				top.model.Reset()
			case op < 8 && len(stack) < 6:
				stack = append(stack, &list{outer: a.open()})
			case op < 9 && len(stack) > 1:
				all = append(all, given{a.take(), top.model.String()})
				a.restore(top.outer)
				stack = stack[:len(stack)-1]
			}
		}
		for i, g := range all {
			if g.s != g.want {
				t.Fatalf("size %d: string %d is %q, want %q", size, i, g.s, g.want)
			}
		}
	}
}
