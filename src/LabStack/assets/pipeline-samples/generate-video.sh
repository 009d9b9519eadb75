#!/usr/bin/env sh
# Draws two short H.264 test videos with ffmpeg (Debian: apt-get install ffmpeg): ffmpeg's moving test pattern, 6 seconds,
# 320x240 at 10 frames a second, no audio. Rekognition Video takes H.264 in MP4 and MOV. The MP4 is written with its index
# (the moov box, which holds the duration) at the start (+faststart), the MOV with it at the end, where ffmpeg puts it by
# default: the pipeline finds the duration in both. Also writes a text file named .mp4 that is not a video.
# Run from this folder: sh generate-video.sh. The tests check the committed files' boxes and duration, without ffmpeg.
set -eu
pattern="testsrc2=size=320x240:rate=10:duration=6"
x264="-c:v libx264 -preset veryslow -crf 38 -pix_fmt yuv420p -bitexact -map_metadata -1"
# shellcheck disable=SC2086
ffmpeg -loglevel error -y -f lavfi -i "$pattern" $x264 -movflags +faststart test-pattern.mp4
# shellcheck disable=SC2086
ffmpeg -loglevel error -y -f lavfi -i "$pattern" $x264 test-pattern.mov
printf 'This is a text file with an .mp4 name: it has no MP4 boxes, so the pipeline records it as not a video.\n' > not-video.mp4
