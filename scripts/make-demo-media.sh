#!/usr/bin/env bash
# make-demo-media.sh — draw the images of the demo content pack (accident-case exhibits).
#
# Every picture is drawn here with ImageMagick 6 (`convert`): safety signs in the GB 2894 style
# (prohibition, warning, mandatory, escape) and simple diagrams (cause chains, correct steps, scenes).
# Nothing is downloaded. Output is reproducible: metadata stripped, no time chunks, fixed palette.
#
# usage: scripts/make-demo-media.sh [OUTPUT_DIR]     (default: media/demo-pack/images)
# shellcheck disable=SC1111  # the labels use Chinese quotation marks “…” on purpose
set -euo pipefail

FONT=${FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../media/demo-pack/images}

command -v convert >/dev/null || { echo "error: ImageMagick 6 'convert' not found" >&2; exit 1; }
[ -f "$FONT" ] || { echo "error: font not found: $FONT (set FONT=...)" >&2; exit 1; }
mkdir -p "$OUT"

# ---------------------------------------------------------------- colours (GB 2893 safety colours, flat)
RED='#d7262e'  YEL='#f7c600'  BLU='#0a5aa8'  GRN='#00884a'  BLK='#1a1a1a'  WHT='#ffffff'
DARK='#24313f' GREY='#6b7480' PAPER='#f6f4ee'
AMBER_F='#fff1c2' AMBER_S='#d99a00' OKF='#e3f3e8' OKS='#1e8a45'

# ---------------------------------------------------------------- drawing helpers
# The image being built is the argument list A; helpers append to it, save() renders it.
A=() W=800 H=600
canvas() { W=$1 H=$2; A=(-size "${W}x${H}" "xc:${3:-$WHT}" -font "$FONT" -stroke none); }
# rect x1 y1 x2 y2 fill [stroke] [strokewidth] [corner radius]
# (IM6 draws nothing for a roundrectangle with radius 0, hence the two primitives)
rect() { local r=${8:-0} prim
         if (( r > 0 )); then prim="roundrectangle $1,$2 $3,$4 $r,$r"; else prim="rectangle $1,$2 $3,$4"; fi
         A+=(-fill "$5" -stroke "${6:-none}" -strokewidth "${7:-0}" -draw "$prim" -stroke none); }
# mvg "raw MVG primitives" — for shapes, pictograms, lines
mvg() { A+=(-draw "$1"); }
# text cx cy size colour "text" — centred on (cx, cy); may contain \n
text() { A+=(-stroke none -fill "$4" -pointsize "$3" -gravity center
             -annotate "$(printf '%+d%+d' $(( $1 - W/2 )) $(( $2 - H/2 )))" "$5" -gravity NorthWest); }
# ltext x y size colour "text" — left-aligned, y is the vertical centre
ltext() { A+=(-stroke none -fill "$4" -pointsize "$3" -gravity West
              -annotate "$(printf '%+d%+d' "$1" $(( $2 - H/2 )))" "$5" -gravity NorthWest); }
# arrow_down x y1 y2 colour / arrow_right x1 x2 y colour
arrow_down()  { mvg "stroke $4 stroke-width 10 line $1,$2 $1,$(( $3 - 16 )) stroke none fill $4 polygon $(( $1 - 17 )),$(( $3 - 20 )) $(( $1 + 17 )),$(( $3 - 20 )) $1,$3"; }
arrow_right() { mvg "stroke $4 stroke-width 10 line $1,$3 $(( $2 - 16 )),$3 stroke none fill $4 polygon $(( $2 - 20 )),$(( $3 - 17 )) $(( $2 - 20 )),$(( $3 + 17 )) $2,$3"; }
# titlebar "text" colour — the band on top of every diagram
titlebar() { rect 0 0 "$W" 70 "$2"; text $(( W/2 )) 35 36 "$WHT" "$1"; }
# tipbar "text" colour — a band at the bottom with the rule to remember
tipbar() { rect 0 $(( H - 62 )) "$W" "$H" "$2"; text $(( W/2 )) $(( H - 31 )) 32 "$WHT" "$1"; }

save() {
  convert "${A[@]}" -strip -define png:exclude-chunks=date,time +dither -colors 64 "PNG8:$OUT/$1"
  printf '  %-34s %6d bytes\n' "$1" "$(stat -c %s "$OUT/$1")"
}

# Note: IM6 closes a stroked open path; open curves are therefore traced there and back
# ("M a C b c d C c b a") so the closing segment has zero length.

# ---------------------------------------------------------------- pictograms
# Each is MVG drawn around (0,0); $1 is the ink colour, $2 the background colour (for cut-outs).
# They are placed with "translate" by the sign functions.
p_flame() {
  echo "fill $1 path 'M 0,-135 C 35,-85 100,-45 100,30 C 100,95 55,130 0,130 C -55,130 -100,95 -100,30
        C -100,-25 -65,-50 -48,-95 C -30,-55 -25,-45 -12,-35 C -5,-75 -12,-105 0,-135 Z'
        fill $2 path 'M 0,5 C 22,38 50,62 45,92 C 40,114 18,122 0,122 C -18,122 -40,114 -45,92 C -50,64 -22,40 0,5 Z'"
}
p_switch() {   # open knife switch with a closing arrow
  echo "fill $1 roundrectangle -130,70 130,95 8,8
        roundrectangle -112,35 -72,72 6,6 roundrectangle 72,35 112,72 6,6
        stroke $1 stroke-width 24 stroke-linecap round line -92,52 40,-80
        stroke-width 16 line 40,-80 78,-42
        fill none stroke-width 12 path 'M 95,-105 A 120,120 0 0,1 120,10 A 120,120 0 0,0 95,-105'
        stroke none fill $1 polygon 100,5 140,5 118,42"
}
p_noride() {   # forklift with a person standing on the forks (mirrored: rider on the right, clear of the bar)
  echo "scale -1,1 fill $1 roundrectangle -5,0 105,70 10,10
        stroke $1 stroke-width 9 fill none line 15,0 15,-75 line 15,-75 95,-75 line 95,-75 95,0
        stroke-width 14 line -30,-110 -30,90 stroke-width 10 line -30,85 -130,85
        stroke none fill $1 circle 15,92 15,114 circle 85,92 85,114
        circle -90,-90 -90,-70
        stroke $1 stroke-linecap round stroke-width 16 line -90,-62 -90,10
        stroke-width 12 line -90,10 -108,76 line -90,10 -72,76
        line -90,-50 -118,-10 line -90,-50 -50,-30"
}
p_bolt() {
  echo "fill $1 polygon 30,-120 -50,15 -5,15 -35,120 60,-25 12,-25 45,-120"
}
p_blast() {    # irregular burst with flying fragments
  local pts="" i r
  local radii=(108 50 82 44 112 56 76 46 100 52 90 42 116 54 70 48 104 46 86 58)
  for i in "${!radii[@]}"; do
    r=${radii[$i]}
    pts+=$(awk -v r="$r" -v i="$i" 'BEGIN{a=i*3.14159265/10-1.5708; printf "%d,%d ", r*cos(a), 20+r*sin(a)}')
  done
  echo "fill $1 polygon $pts
        polygon -112,-52 -92,-66 -86,-46 polygon 98,-60 120,-50 104,-34
        polygon -118,78 -100,70 -104,92 polygon 112,80 128,94 106,100 fill $2 polygon -12,8 14,0 18,30 -6,38"
}
p_skull() {
  echo "stroke $1 stroke-linecap round stroke-width 22 line -80,35 80,105 line -80,105 80,35
        stroke none fill $1 circle -86,28 -86,44 circle -92,44 -92,60 circle 86,28 86,44 circle 92,44 92,60
        circle -86,112 -86,96 circle -92,96 -92,80 circle 86,112 86,96 circle 92,96 92,80
        circle 0,-40 0,18 roundrectangle -34,-10 34,40 10,10
        fill $2 circle -22,-42 -22,-26 circle 22,-42 22,-26 polygon 0,-22 -9,-6 9,-6
        stroke $2 stroke-width 5 line -14,20 -14,40 line 0,20 0,40 line 14,20 14,40"
}
p_fan() {      # ventilation fan in its housing, with air stream lines
  echo "fill none stroke $1 stroke-width 14 circle 0,0 0,92
        stroke none fill $1
        push graphic-context rotate 20  ellipse 0,-40 20,40 0,360 pop graphic-context
        push graphic-context rotate 140 ellipse 0,-40 20,40 0,360 pop graphic-context
        push graphic-context rotate 260 ellipse 0,-40 20,40 0,360 pop graphic-context
        circle 0,0 0,16"
}
p_landslide() {  # steep slope shedding rocks onto a person
  echo "fill $1 polygon 20,115 120,115 120,-110 85,-95 70,-45 48,0 35,60
        polygon -10,-60 15,-70 22,-45 0,-38 polygon -35,-10 -8,-18 -5,8 -30,12 polygon 5,20 25,15 28,38 8,40
        stroke $1 stroke-width 8 line -120,117 20,117 stroke none
        circle -78,5 -78,22
        stroke $1 stroke-linecap round stroke-width 14 line -80,30 -88,72
        stroke-width 11 line -88,72 -110,112 line -88,72 -62,112 line -80,38 -108,8 line -80,38 -52,18"
}
p_harness() {  # person wearing a full-body harness, lanyard hooked high
  echo "stroke $1 stroke-linecap round fill none stroke-width 9 path 'M 0,-70 C 20,-130 60,-150 78,-158 C 60,-150 20,-130 0,-70'
        stroke-width 8 circle 88,-165 88,-150
        stroke none fill $1 circle 0,-112 0,-84
        stroke $1 stroke-width 44 line 0,-62 0,18
        stroke-width 28 line -10,25 -30,128 line 10,25 30,128
        stroke-width 22 line -16,-60 -62,10 line 16,-60 62,10
        stroke $2 stroke-width 8 line -16,-72 16,-20 line 16,-72 -16,-20 line -22,8 22,8
        line -14,22 -22,50 line 14,22 22,50"
}
p_lifejacket() {  # person wearing a life jacket
  echo "fill $1 circle 0,-118 0,-92
        stroke $1 stroke-linecap round stroke-width 26 line -30,55 -36,140 line 30,55 36,140
        stroke-width 22 line -60,-70 -95,25 line 60,-70 95,25 stroke none
        fill $1 polygon -75,-80 -22,-86 0,-40 22,-86 75,-80 82,60 -82,60
        stroke $2 stroke-width 9 line -82,-8 82,-8 line -82,30 82,30 line 0,-40 0,60
        stroke none fill $2 roundrectangle -14,-18 14,2 4,4 roundrectangle -14,20 14,40 4,4"
}
p_exit() {     # running man heading for a door
  echo "fill none stroke $1 stroke-width 12 rectangle 70,-140 185,140
        stroke none fill $1 polygon 70,-140 185,-140 185,140 120,110 120,-112
        circle -20,-112 -20,-84
        stroke $1 stroke-linecap round stroke-linejoin round stroke-width 34 line -30,-70 -55,15
        fill none stroke-width 22 polyline -30,-62 10,-40 40,-70
        polyline -35,-62 -75,-38 -105,-55
        polyline -55,15 -10,45 0,120 polyline -55,15 -85,70 -135,80"
}

# ---------------------------------------------------------------- signs (600 x 600)
# Text panels follow GB 2894: prohibition white on red, warning black on white,
# mandatory white on blue, escape white on green.
sign_prohibit() {  # file pictogram-fn text
  canvas 600 600
  mvg "fill $RED circle 300,235 300,35 fill $WHT circle 300,235 300,75"
  mvg "translate 300,235 $($2 "$BLK" "$WHT")"
  mvg "push graphic-context translate 300,235 rotate 45 fill $RED rectangle -162,-16 162,16 pop graphic-context"
  rect 40 462 560 582 "$RED" none 0 10
  text 300 522 72 "$WHT" "$3"
  save "$1"
}
sign_warning() {   # file pictogram-fn text [scale]
  canvas 600 600
  mvg "fill $BLK stroke $BLK stroke-width 22 stroke-linejoin round polygon 300,50 58,468 542,468"
  mvg "fill $YEL polygon 300,112 110,441 490,441"
  mvg "translate 300,335 scale ${4:-0.9},${4:-0.9} $($2 "$BLK" "$YEL")"
  rect 40 490 560 585 "$WHT" "$BLK" 6 8
  text 300 537 64 "$BLK" "$3"
  save "$1"
}
sign_mandatory() { # file pictogram-fn text
  canvas 600 600
  mvg "fill $BLU circle 300,235 300,35"
  mvg "translate 300,245 $($2 "$WHT" "$BLU")"
  rect 40 462 560 582 "$BLU" none 0 10
  text 300 522 64 "$WHT" "$3"
  save "$1"
}
sign_escape() {    # file text
  canvas 600 600
  rect 30 40 570 440 "$GRN" none 0 18
  mvg "translate 270,240 $(p_exit "$WHT" "$GRN")"
  mvg "fill $WHT polygon 95,375 175,340 175,362 225,362 225,388 175,388 175,410"
  rect 30 460 570 580 "$GRN" none 0 18
  text 300 520 76 "$WHT" "$2"
  save "$1"
}

# ---------------------------------------------------------------- flow diagrams (800 x 600)
# flow file mode title item...   mode: cause (how the accident happened) | steps (the right way)
# In steps mode an item starting with "!" is drawn red (a prohibition to remember).
flow() {
  local f=$1 mode=$2 title=$3; shift 3
  local n=$# top=92 bottom=588 g=30 i=0 h y1 y2 cy fill stroke ink size it num
  canvas 800 600 "$PAPER"
  if [ "$mode" = cause ]; then titlebar "$title" '#9c1c1c'; else titlebar "$title" "$OKS"; fi
  h=$(( (bottom - top - (n - 1) * g) / n ))
  size=32; (( h < 62 )) && size=29
  for it in "$@"; do
    y1=$(( top + i * (h + g) )); y2=$(( y1 + h )); cy=$(( (y1 + y2) / 2 ))
    if [ "$mode" = cause ]; then
      fill=$AMBER_F stroke=$AMBER_S ink=$BLK
      if (( i == n - 1 )); then fill=$RED stroke=$RED ink=$WHT; fi
      rect 80 "$y1" 720 "$y2" "$fill" "$stroke" 4 14
      text 400 "$cy" "$size" "$ink" "$it"
      (( i < n - 1 )) && arrow_down 400 $(( y2 + 2 )) $(( y2 + g - 1 )) "$AMBER_S"
    else
      num=$(( i + 1 )) fill=$OKF stroke=$OKS ink=$BLK
      if [ "${it:0:1}" = "!" ]; then it=${it:1} fill=$RED stroke=$RED ink=$WHT num="!"; fi
      mvg "fill $stroke circle 86,$cy 86,$(( cy + 26 ))"
      text 86 "$cy" 30 "$WHT" "$num"
      rect 130 "$y1" 740 "$y2" "$fill" "$stroke" 4 14
      text 435 "$cy" "$size" "$ink" "$it"
      (( i < n - 1 )) && arrow_down 86 $(( cy + 30 )) $(( cy + h + g - 28 )) "$OKS"
    fi
    i=$(( i + 1 ))
  done
  save "$f"
}

# ---------------------------------------------------------------- scene diagrams (800 x 600)
person() {  # x y(feet) colour [scale] — a plain standing figure
  local s=${4:-1}
  mvg "push graphic-context translate $1,$2 scale $s,$s fill $3 circle 0,-78 0,-64
       stroke $3 stroke-linecap round stroke-width 12 line 0,-58 0,-22 stroke-width 9
       line 0,-22 -10,0 line 0,-22 10,0 line 0,-50 -14,-28 line 0,-50 14,-28 pop graphic-context"
}
cross() { mvg "stroke $RED stroke-width 14 stroke-linecap round line $(( $1-22 )),$(( $2-22 )) $(( $1+22 )),$(( $2+22 )) line $(( $1+22 )),$(( $2-22 )) $(( $1-22 )),$(( $2+22 ))"; }
tick()  { mvg "stroke $OKS stroke-width 14 stroke-linecap round stroke-linejoin round fill none polyline $(( $1-22 )),$2 $(( $1-6 )),$(( $2+18 )) $(( $1+24 )),$(( $2-20 ))"; }

scene_truck_blindspot() {
  canvas 800 600 '#dfe8d6'
  # roads: vertical x 300..500 (centre line 400) + bicycle lane 505..555, horizontal y 190..350
  rect 300 70 555 538 '#5b6169'; rect 0 190 800 350 '#5b6169'
  mvg "stroke $WHT stroke-width 4 line 503,70 503,186 line 503,354 503,538
       stroke-dasharray 22,18 line 400,70 400,186 line 400,354 400,538 line 0,270 296,270 line 560,270 800,270"
  mvg "fill $WHT rectangle 404,356 500,362"
  ltext 510 140 18 "$WHT" "非机\n动车\n道"
  # truck heading north, about to turn right
  rect 409 430 491 538 '#c7792b' '#8a4f14' 3 4
  rect 413 372 487 426 '#2f6db5' '#1c4272' 3 8
  rect 420 378 480 396 '#b9d6f2'
  text 450 490 26 "$WHT" "大货车"
  # the blind zone on its right side
  mvg "fill $RED fill-opacity 0.33 polygon 493,378 650,430 650,538 493,538"
  mvg "fill none stroke $RED stroke-width 3 stroke-dasharray 10,6 polygon 493,378 650,430 650,538 493,538"
  # e-bike going straight ahead inside the blind zone
  rect 522 452 540 506 '#178f4d' '#0b5c30' 2 6
  mvg "fill #f2c9a0 circle 531,468 531,478"
  # turning path
  mvg "fill none stroke $YEL stroke-width 8 stroke-dasharray 16,10 path 'M 450,368 C 450,312 520,310 740,310'
       stroke none fill $YEL polygon 740,294 772,310 740,326"
  rect 590 448 790 486 "$WHT" "$RED" 3 8; text 690 467 24 "$RED" "右侧视线盲区"
  rect 590 494 790 530 "$WHT" '#178f4d' 3 8; text 690 512 24 '#0b5c30' "电动车在直行"
  rect 560 232 760 262 "$WHT" none 0 8; text 660 247 22 "$BLK" "货车右转路线"
  rect 40 400 280 520 "$WHT" "$GREY" 2 10
  text 160 430 22 "$BLK" "司机坐在左边"
  text 160 460 22 "$BLK" "右后方一大片"
  text 160 490 22 "$RED" "镜子里也看不见"
  titlebar "大货车右转：右侧是看不见的盲区" "$DARK"
  tipbar "大货车右转：一停 · 二看 · 三通过" "$GRN"
  save case-road-01-scene.png
}

scene_van_overload() {
  canvas 800 600 "$PAPER"
  titlebar "核载7人，实际挤了13人" "$DARK"
  # night mountain road
  rect 0 70 800 538 '#2c3550'
  mvg "fill #f4efc8 circle 690,130 690,160 fill #1f2740 polygon 0,330 150,220 300,300 470,200 640,290 800,230 800,538 0,538"
  mvg "fill #4a4f57 polygon 0,470 800,440 800,538 0,538"
  # van body
  rect 120 255 640 445 '#e8edf2' '#8a96a3' 4 30
  mvg "fill #e8edf2 stroke #8a96a3 stroke-width 4 polygon 640,300 700,330 712,445 640,445"
  mvg "fill #b9d6f2 polygon 648,310 694,334 694,380 648,380"
  rect 145 275 610 370 '#b9d6f2' '#6b7480' 3 10
  mvg "stroke #6b7480 stroke-width 4 line 262,275 262,370 line 378,275 378,370 line 494,275 494,370"
  # thirteen heads squeezed in the windows
  local x
  for x in 165 200 235 285 320 355 400 435 470 520 555 590 672; do
    mvg "fill #d49a6a circle $x,345 $x,362 fill #3b2a20 path 'M $(( x-17 )),343 A 17,17 0 0,1 $(( x+17 )),343 Z'"
  done
  mvg "fill $BLK circle 230,448 230,486 fill #9aa3ad circle 230,448 230,466 fill $BLK circle 590,448 590,486 fill #9aa3ad circle 590,448 590,466"
  mvg "fill #ffe58a polygon 712,395 800,375 800,430 712,415"
  rect 140 98 420 196 "$WHT" "$GRN" 4 12
  text 280 128 30 "$GRN" "核定载人：7人"
  text 280 170 30 "$RED" "实际载人：13人"
  rect 450 98 780 196 "$WHT" "$RED" 4 12
  text 615 128 26 "$BLK" "司机连续干活近20小时"
  text 615 170 26 "$BLK" "凌晨山路　下坡超速"
  text 380 408 28 "$RED" "超员 · 没系安全带"
  tipbar "超员的车不坐　犯困就停车休息" "$GRN"
  save case-road-02-scene.png
}

scene_guardrail() {
  canvas 800 600 "$PAPER"
  titlebar "临边防护栏杆：这样才合格" "$DARK"
  # floor slab and the drop beside it
  mvg "fill #c9c2b3 rectangle 40,430 560,470 fill #dfe8f0 rectangle 560,80 800,538"
  mvg "fill #b8b0a0 rectangle 40,470 120,538"
  # posts every <=2 m, top rail 1.2 m, mid rail 0.6 m, toe board >=180 mm  (1 m = 200 px)
  local x
  for x in 150 350 545; do rect $(( x-7 )) 190 $(( x+7 )) 430 "$RED" none 0 2; done
  rect 143 184 552 198 "$RED"; rect 143 304 552 318 "$RED"
  mvg "fill $WHT rectangle 150,190 180,197 rectangle 210,190 240,197 rectangle 270,190 300,197 rectangle 330,190 350,197
       rectangle 380,190 410,197 rectangle 440,190 470,197 rectangle 500,190 530,197
       rectangle 165,305 195,317 rectangle 225,305 255,317 rectangle 285,305 315,317 rectangle 375,305 405,317
       rectangle 435,305 465,317 rectangle 495,305 525,317"
  mvg "fill $YEL stroke $BLK stroke-width 2 rectangle 143,394 552,430"
  mvg "fill $BLK rectangle 150,400 180,424 rectangle 210,400 240,424 rectangle 270,400 300,424 rectangle 330,400 360,424
       rectangle 390,400 420,424 rectangle 450,400 480,424 rectangle 510,400 540,424"
  # dimension lines
  mvg "stroke $BLK stroke-width 3 line 600,190 600,430 line 590,190 610,190 line 590,430 610,430
       line 660,310 660,430 line 650,310 670,310 line 650,430 670,430"
  ltext 612 240 26 "$BLK" "上杆\n1.2米"
  ltext 672 370 26 "$BLK" "下杆\n0.6米"
  rect 430 478 790 528 "$WHT" "$BLK" 2 8
  text 610 503 24 "$BLK" "挡脚板高度不小于18厘米"
  text 445 166 24 "$BLK" "立杆间距不大于2米"
  # worker with harness hooked above
  person 260 428 "$BLU" 1.6
  rect 160 140 250 154 "$GREY" none 0 3
  mvg "stroke $YEL stroke-width 5 fill none path 'M 260,350 C 255,260 225,200 205,168 C 225,200 255,260 260,350' circle 205,161 205,168"
  rect 60 84 420 130 "$WHT" "$BLU" 3 10
  text 240 107 26 "$BLU" "安全带挂在上方牢固处"
  text 300 503 24 "$BLK" "楼板"
  text 690 120 24 "$RED" "↓ 临空一侧"
  tipbar "防护设施不能随手拆　安全带高挂低用" "$GRN"
  save case-build-01-scene.png
}

scene_trench() {
  canvas 800 600 "$PAPER"
  titlebar "沟槽开挖：错误与正确" "$DARK"
  # left: vertical cut, spoil at the edge, no support
  rect 10 82 392 532 "$WHT" "$RED" 4 12
  mvg "fill #a8815a polygon 20,210 150,210 150,470 240,470 240,210 382,210 382,522 20,522"
  mvg "fill #8c6a48 polygon 244,210 270,150 330,142 372,210"
  mvg "stroke #4a3420 stroke-width 4 fill none polyline 262,214 270,260 258,300 268,350"
  person 180 468 "$BLU" 1; person 212 468 "$BLU" 1
  text 200 110 30 "$RED" "错误"
  ltext 24 160 22 "$BLK" "直上直下挖\n没有支护"
  text 318 124 22 "$BLK" "槽边堆土"
  text 200 500 22 "$WHT" "深约4.5米"
  cross 120 110
  # right: slope back (or shore) and keep spoil >= 1 m away, ladder to climb out
  rect 408 82 790 532 "$WHT" "$OKS" 4 12
  mvg "fill #a8815a polygon 418,210 480,210 560,470 640,470 720,210 780,210 780,522 418,522"
  mvg "fill #8c6a48 polygon 745,210 760,170 775,170 780,210"
  mvg "stroke $BLK stroke-width 3 line 722,230 760,230 line 722,222 722,238 line 760,222 760,238"
  ltext 690 254 20 "$BLK" "≥1米"
  mvg "stroke #6b4a14 stroke-width 5 line 620,470 660,260 line 645,470 685,260
       stroke-width 4 line 624,450 649,450 line 632,410 657,410 line 640,370 665,370 line 648,330 673,330 line 656,290 681,290"
  person 585 468 "$BLU" 1
  text 600 110 30 "$OKS" "正确"
  ltext 424 160 22 "$BLK" "按方案放坡\n或加支护"
  text 600 500 22 "$WHT" "设上下梯子"
  tick 520 110
  tipbar "坑边1米内不堆土　有裂缝马上撤" "$GRN"
  save case-build-02-scene.png
}

scene_boat() {
  canvas 800 600 '#cfe6f5'
  titlebar "核载4人的小船挤了8人" "$DARK"
  mvg "fill #ffffff circle 120,130 120,150 circle 150,125 150,148 circle 180,132 180,150"
  mvg "stroke #5a6e80 stroke-width 5 fill none path 'M 560,110 C 600,100 640,125 680,110 C 640,125 600,100 560,110' path 'M 580,140 C 620,130 660,155 700,140 C 660,155 620,130 580,140'"
  ltext 600 175 24 "$BLK" "大风预警"
  # hull riding very low in the water
  mvg "fill #8a5a2b stroke #5b3a1a stroke-width 4 polygon 150,330 650,330 600,410 200,410"
  local x
  for x in 190 245 300 355 410 465 520 580; do
    mvg "fill #d49a6a circle $x,285 $x,302 stroke #8c5a3c stroke-width 14 stroke-linecap round line $x,305 $x,332"
  done
  mvg "fill #f28c28 stroke #b35c0c stroke-width 2 polygon 360,395 450,395 445,405 365,405"
  # water line
  mvg "fill #2f7fc1 path 'M 0,350 C 60,330 120,370 180,350 C 240,330 300,372 360,350 C 420,330 480,372 540,350 C 600,330 660,372 720,350 C 760,338 790,345 800,350 L 800,538 L 0,538 Z'"
  mvg "stroke $WHT stroke-width 3 line 200,350 200,335 line 600,350 600,335"
  rect 40 430 390 520 "$WHT" "$RED" 4 12
  text 215 458 28 "$RED" "核载4人　实载8人"
  text 215 496 24 "$BLK" "船边离水面只剩一巴掌"
  rect 420 430 760 520 "$WHT" "$RED" 4 12
  text 590 458 28 "$RED" "没有人穿救生衣"
  text 590 496 24 "$BLK" "船主还喝了酒"
  tipbar "不超载　先穿救生衣　大风天不出航" "$GRN"
  save case-water-01-scene.png
}

scene_quarry() {
  canvas 800 600 "$PAPER"
  titlebar "露天采石：分台阶开采，严禁掏底" "$DARK"
  # left: benches from the top down
  rect 10 82 392 532 "$WHT" "$OKS" 4 12
  mvg "fill #9b9488 polygon 20,522 20,160 95,160 95,230 165,230 165,300 235,300 235,370 305,370 305,440 382,440 382,522"
  mvg "fill $YEL stroke $BLK stroke-width 2 roundrectangle 300,410 350,438 4,4 fill $BLK circle 312,440 312,447 circle 340,440 340,447"
  text 200 110 30 "$OKS" "正确"
  ltext 200 170 22 "$BLK" "自上而下\n分台阶开采"
  tick 120 110
  # right: one sheer face undercut at the foot
  rect 408 82 790 532 "$WHT" "$RED" 4 12
  mvg "fill #9b9488 polygon 418,522 418,150 690,150 690,400 655,470 660,522"
  mvg "fill #7d766b polygon 690,150 640,160 660,220 700,250"
  mvg "stroke #4a4238 stroke-width 4 fill none polyline 690,160 672,230 684,300 668,360"
  mvg "fill #7d766b polygon 705,250 725,245 728,265 708,268 polygon 715,300 738,296 735,318 713,316"
  mvg "fill $YEL stroke $BLK stroke-width 2 roundrectangle 672,470 740,505 5,5 fill $BLK circle 686,508 686,518 circle 726,508 726,518
       stroke $YEL stroke-width 8 line 672,480 648,455"
  text 600 110 30 "$RED" "错误"
  ltext 430 250 22 "$BLK" "高陡“一面墙”"
  ltext 430 420 22 "$BLK" "在坡底往里掏"
  cross 520 110
  tipbar "雨后先查边坡　掉石、裂缝马上撤" "$GRN"
  save case-mine-01-scene.png
}

# ---------------------------------------------------------------- the pack's images
echo "drawing into $OUT"

# 道路交通
scene_truck_blindspot
flow case-road-01-chain.png cause "大货车右转碾压：事故链" \
  "公司按趟数计酬，催着多跑快跑" "右侧补盲镜坏了没修" "司机边开车边打电话" "右转不停车、不观察" "骑车人被卷入车轮，当场死亡"
scene_van_overload
flow case-road-02-chain.png cause "面包车超员翻车：事故链" \
  "负责人要求“一趟拉完”" "核载7人的面包车挤上13人" "司机连续干活近20小时，犯困" "夜间下坡弯道超速，车辆失控" "翻进路边沟：3死9伤"

# 火灾
sign_prohibit case-fire-01-sign.png p_flame "禁止烟火"
flow case-fire-01-chain.png cause "仓库电焊火灾：事故链" \
  "没有动火审批，无证焊工上岗" "焊点下方纸箱没清理，没人看火" "焊渣落进纸箱，慢慢阴燃" "收工后起火，浓烟封住楼梯" "夹层办公室2人遇难"
sign_escape case-fire-02-sign.png "安全出口"
flow case-fire-02-chain.png cause "“三合一”作坊火灾：事故链" \
  "生产、仓储、住宿在一栋楼" "电动车在楼梯间“飞线”充电" "凌晨电池起火，点燃布料" "浓烟封住唯一楼梯，防盗窗封死" "4人遇难，2人受伤"

# 建筑施工
sign_mandatory case-build-01-sign.png p_harness "必须系安全带"
scene_guardrail
scene_trench
flow case-build-02-chain.png cause "沟槽坍塌：事故链" \
  "4.5米深沟槽直上直下挖" "挖出的土堆在槽边" "夜里下雨，槽壁泡软出现裂缝" "发现裂缝仍安排下槽铺管" "槽壁坍塌：2死1伤"

# 危险化学品
sign_warning case-chem-01-sign.png p_blast "当心爆炸"
flow case-chem-01-steps.png steps "储罐动火：正确的步骤" \
  "办理动火作业票，逐条落实措施" "断开管道或加盲板隔离" "清洗、置换干净" "取样做气体分析，合格才动火" "清走可燃物，备好灭火器" "监火人全程在场，不得离开"
sign_warning case-chem-02-sign.png p_skull "当心中毒"
flow case-chem-02-chain.png cause "卸车接错管中毒：事故链" \
  "新员工没培训，独自带车卸料" "没核对物料和储槽" "硫氢化钠卸进了酸性废液槽" "放出大量硫化氢，2人倒下" "无防护施救，共2死5伤"

# 特种设备
sign_prohibit case-equip-01-sign.png p_noride "禁止乘人"
flow case-equip-01-chain.png cause "叉车举人坠落：事故链" \
  "叉车钥匙插在车上没拔" "主管让无证员工开叉车" "员工站在托盘上被举高5米" "操作不熟，托盘倾斜" "员工坠落身亡"

# 水上交通
sign_mandatory case-water-01-sign.png p_lifejacket "必须穿救生衣"
scene_boat

# 工贸
sign_warning case-trade-01-sign.png p_fan "注意通风" 1.05
flow case-trade-01-steps.png steps "有限空间：先通风 再检测 后作业" \
  "办理审批，设置警示标志" "先通风：打开井盖，用风机强制通风" "再检测：氧气和有毒气体合格" "后作业：系安全绳，井口有人监护" "!有人倒下：不准下井盲目施救" "!先报警，戴空气呼吸器才能救"
sign_warning case-trade-02-sign.png p_blast "当心爆炸"
flow case-trade-02-chain.png cause "铝粉尘爆炸：事故链" \
  "积尘长期不清扫" "除尘器吸力变小仍继续生产" "在除尘管道旁用角磨机切割" "火花引爆除尘器内粉尘" "积尘扬起二次爆炸：4死7伤"

# 电力
sign_prohibit case-power-01-sign.png p_switch "禁止合闸"
flow case-power-01-steps.png steps "停电检修：保命的四步" \
  "停电：断开各方面电源" "验电：用合格验电器确认无电" "装设接地线：工作地段两端都要装" "挂“禁止合闸，有人工作”牌，设遮栏"
sign_warning case-power-02-sign.png p_bolt "当心触电"
flow case-power-02-chain.png cause "私接电线触电：事故链" \
  "配电箱不上锁，漏电保护器坏了" "班长让无证木工去接线" "不断电、不戴绝缘手套接线" "手碰带电端子，触电倒地" "抢救无效死亡"

# 矿山
sign_warning case-mine-01-sign.png p_landslide "当心塌方"
scene_quarry

echo "done: $(ls "$OUT"/case-*.png | wc -l) images, $(du -cb "$OUT"/case-*.png | tail -1 | cut -f1) bytes"
