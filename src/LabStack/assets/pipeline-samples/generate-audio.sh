#!/usr/bin/env sh
# Speaks two of the sample texts with espeak-ng (Debian: apt-get install espeak-ng) into mono 16-bit PCM WAV files
# (22,050 Hz), which Transcribe accepts, and writes a text file named .mp3 that is not audio.
# Run from this folder: sh generate-audio.sh. The tests check the committed files' format and size, without espeak-ng.
set -eu
espeak-ng -v en-us -s 140 -w speech-en.wav -f review-en.txt
espeak-ng -v es -s 140 -w speech-es.wav -f opinion-es.txt
printf 'This is a text file with an .mp3 name: Transcribe cannot find audio in it.\n' > not-audio.mp3
