# ykt simulate plot: Utilisation per actor (traffic span)
set datafile separator ','
set key top left
set grid
set title "Utilisation per actor (traffic span)"
set xlabel "station"
set ylabel "utilisation"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
set yrange [0:*]
set terminal svg size 900,420 noenhanced font 'Sans,11' background rgb 'white'
set output "plots/utilisation.svg"
set key autotitle columnhead
plot "tables/stations.csv" using 7:xtic(1) with histogram title "utilisation"
set terminal pngcairo size 900,420 noenhanced font 'Sans,10' background rgb 'white'
set output "plots/utilisation.png"
replot
set output
