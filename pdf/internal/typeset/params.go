package typeset

import "math"

// Params tune the line breaker. Zero fields mean the defaults of plain TeX,
// given with each field.
type Params struct {
	// Tolerance is the largest adjustment ratio of a line in the main
	// pass. Zero means ∛2 ≈ 1.26, TeX's \tolerance=200 (badness is
	// 100·ratio³); 4.65 or more accepts any line that is not overfull.
	Tolerance float64
	// Pretolerance is the largest adjustment ratio in a first pass that
	// tries the paragraph without discretionary hyphens (flagged penalties
	// with Text). Zero means 1, TeX's \pretolerance=100; negative skips
	// that pass.
	Pretolerance float64
	// EmergencyStretch, if positive, is added to every line's stretch when
	// judging it (not when setting it) in a third pass, tried when the
	// others find no solution, as TeX's \emergencystretch. Zero means no
	// such pass (TeX's default): the final pass then accepts lines as
	// loose as they must be and minimises their real demerits, which on
	// real text gave fewer loose lines than an emergency stretch of 1 to
	// 3 em.
	EmergencyStretch Length
	// LinePenalty is added to every line's badness before squaring. Zero
	// means 10; negative means none.
	LinePenalty float64
	// DoubleHyphenDemerits are added for two hyphenated lines in a row.
	// Zero means 10000; negative means none.
	DoubleHyphenDemerits float64
	// FinalHyphenDemerits are added when the second-last line is
	// hyphenated. Zero means 5000; negative means none.
	FinalHyphenDemerits float64
	// AdjacentDemerits are added when adjacent lines' fitness classes
	// (very loose, loose, decent, tight) are not neighbours. Zero means
	// 10000; negative means none.
	AdjacentDemerits float64
	// Looseness asks for that many lines more (or fewer, if negative) than
	// the optimum, if it can be done within tolerance, as TeX's \looseness.
	Looseness int
	// Measure, if positive, is the width of every line: the breaker then
	// does not ask widths for each line (it may be nil). Zero means
	// widths gives them.
	Measure Length
}

// params is Params with the defaults filled in.
type params struct {
	tolerance, pretolerance float64 // as badness thresholds
	emergency               Length
	linePenalty             float64
	doubleHyphen            float64
	finalHyphen             float64
	adjacent                float64
	looseness               int
	measure                 Length // > 0 if set
}

func orDefault(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

func ratioToBadness(r float64) float64 { return 100 * r * r * r }

// texTolerance is the badness of the default Tolerance, computed once
// (math.Cbrt at every Break was a measurable part of it). Never changed.
var texTolerance = ratioToBadness(math.Cbrt(2))

func (p *Params) resolve() params {
	var q Params
	if p != nil {
		q = *p
	}
	r := params{
		tolerance:    texTolerance,
		pretolerance: 100,
		linePenalty:  orDefault(q.LinePenalty, 10),
		doubleHyphen: orDefault(q.DoubleHyphenDemerits, 10000),
		finalHyphen:  orDefault(q.FinalHyphenDemerits, 5000),
		adjacent:     orDefault(q.AdjacentDemerits, 10000),
		looseness:    q.Looseness,
		emergency:    max(q.EmergencyStretch, 0),
	}
	if q.Tolerance > 0 {
		r.tolerance = ratioToBadness(q.Tolerance)
	}
	switch {
	case q.Pretolerance > 0:
		r.pretolerance = ratioToBadness(q.Pretolerance)
	case q.Pretolerance < 0:
		r.pretolerance = -1
	}
	if !(r.emergency > 0) { // also NaN
		r.emergency = 0
	}
	if q.Measure > 0 {
		r.measure = q.Measure
	}
	return r
}

// lineWidths returns the widths of the lines: widths, or Measure's.
func (q *params) lineWidths(widths func(int) Length) func(int) Length {
	if m := q.measure; m > 0 {
		return func(int) Length { return m }
	}
	return widths
}
