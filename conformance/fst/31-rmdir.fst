# rmdir(2): empty and non-empty directories of every origin; merged directories whose lower
# entries are all whited out count as empty; what is left on the upper layer afterwards.
lower mkdir lempty 0755
lower mkdir lfull 0755
lower create lfull/f 0644
lower mkdir lnest 0755
lower mkdir lnest/inner 0755
upper mkdir uempty 0755
upper mkdir ufull 0755
upper create ufull/f 0644
lower mkdir mlow 0755
lower create mlow/a 0644
lower create mlow/b 0644
upper mkdir mlow 0755
lower mkdir mup 0755
upper mkdir mup 0755
upper create mup/u 0644
lower mkdir mboth 0755
lower create mboth/l 0644
upper mkdir mboth 0755
upper create mboth/u 0644
lower mkdir mempty 0755
upper mkdir mempty 0755
lower mkdir l 0755
lower mkdir l/sub 0755
lower create l/sub/x 0644
lower create file 0644
lower symlink lempty dirlink
mount

# Upper-only: removed outright, nothing left behind.
expect 0 rmdir uempty
expect ENOENT stat uempty type
expect ENOENT -l upper lstat uempty type
expect ENOTEMPTY rmdir ufull
expect 0 unlink ufull/f : rmdir ufull
expect ENOENT stat ufull type

# Lower-only: the empty one goes (a whiteout hides it); non-empty ones stay.
expect 0 rmdir lempty
expect ENOENT stat lempty type
expect ENOENT open lempty O_RDONLY
expect dir -l lower lstat lempty type
expect ENOTEMPTY rmdir lfull
expect ENOTEMPTY rmdir lnest
expect 0 rmdir lnest/inner
expect "" readdir lnest
expect 0 rmdir lnest
expect ENOENT stat lnest type
expect ENOENT -l upper lstat lfull type

# Merged: empty only when every lower entry is whited out and the upper holds nothing else.
expect ENOTEMPTY rmdir mlow
expect 0 unlink mlow/a
expect ENOTEMPTY rmdir mlow
expect 0 unlink mlow/b
expect "" readdir mlow
expect a,b -l upper readdir mlow
expect 0 rmdir mlow
expect ENOENT stat mlow type
expect a,b -l lower readdir mlow
expect ENOTEMPTY rmdir mup
expect 0 unlink mup/u
expect 0 rmdir mup
expect ENOENT stat mup type
expect ENOTEMPTY rmdir mboth
expect 0 unlink mboth/u
expect ENOTEMPTY rmdir mboth
expect 0 unlink mboth/l
expect 0 rmdir mboth
expect 0 rmdir mempty
expect ENOENT stat mempty type

# A removed merged directory comes back empty when made again.
expect 0 mkdir mlow 0755
expect "" readdir mlow
expect ENOENT stat mlow/a type

# Errors.
expect ENOTDIR rmdir file
expect ENOTDIR rmdir dirlink
expect ENOENT rmdir none
expect ENOENT rmdir none/x
expect ENOENT rmdir lempty
expect ENOTDIR rmdir file/x
expect EINVAL rmdir lfull/.
expect ENOTEMPTY rmdir l
expect ENOTEMPTY rmdir l/sub
expect ENOTEMPTY rmdir l/sub/..
expect ENOENT -l upper lstat l type

# Gone from the listings.
expect dirlink,file,l,lfull,mlow readdir .
